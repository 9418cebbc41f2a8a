/**
 * Where an item's audio comes from, as the operation read it from its parameters ("Input": Binary File
 * or URL). Operations read it once and pass this plain value down; nothing below them reads parameters.
 */
export type AudioSource = { kind: 'binary'; propertyName: string } | { kind: 'url'; url: string };

/**
 * The source from the operation's parameters, read through `read` (the operation's getNodeParameter for
 * its item). Workflows saved before "Input" existed have no `audioInput` and keep reading the binary.
 * Values are passed on unchecked: resolving the source names the field when one is wrong.
 */
export function readAudioSource(read: (name: string, fallback: string) => unknown): AudioSource {
	if (read('audioInput', 'binary') === 'url') return { kind: 'url', url: read('audioUrl', '') as string };
	return { kind: 'binary', propertyName: read('binaryPropertyName', 'data') as string };
}
