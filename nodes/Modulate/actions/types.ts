import type { ItemOperation, ListOperation } from '../../shared/itemRunner';

/** Listings (e.g. List Presets) are marked `{list}`; every other operation yields one item per input item. */
export type RoutedOperation = ItemOperation | { list: ListOperation };
