/**
 * Checks on the built descriptions that n8n's lint makes only on literal parameter lists: the Options
 * collection of every operation is built by a shared function, which hands the lint a variable.
 */
import assert from 'node:assert/strict';
import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';
import { Modulate, ModulatePlatform } from '../helpers/nodes';

function collections(properties: INodeProperties[]): INodeProperties[] {
	return properties.filter((p) => p.type === 'collection');
}

for (const node of [new Modulate(), new ModulatePlatform()]) {
	const description: INodeTypeDescription = node.description;
	describe(`${description.displayName} node description`, () => {
		it('gives every option of every collection a default and no duplicate name', () => {
			for (const collection of collections(description.properties)) {
				const options = (collection.options ?? []) as Array<INodeProperties | INodePropertyCollection>;
				const where = `${collection.name} shown for ${JSON.stringify(collection.displayOptions?.show)}`;
				for (const option of options) assert.ok('default' in option, `${where}: ${option.displayName} has a default`);
				const names = options.map((o) => o.name);
				assert.equal(new Set(names).size, names.length, `${where}: duplicate option names`);
			}
		});

		it('shows exactly one Options collection per operation', () => {
			const seen = new Map<string, number>();
			for (const collection of collections(description.properties).filter((c) => c.name === 'options')) {
				const show = collection.displayOptions?.show ?? {};
				for (const resource of (show.resource as string[]) ?? ['*']) {
					for (const operation of (show.operation as string[]) ?? ['*']) {
						const key = `${resource}.${operation}`;
						seen.set(key, (seen.get(key) ?? 0) + 1);
					}
				}
			}
			assert.ok(seen.size > 0);
			for (const [key, count] of seen) assert.equal(count, 1, key);
		});
	});
}
