/** The audio a connection received: its WAV header, and sound or silence per 100 ms. */

export interface WavInfo {
	bytesPerMs: number;
	dataOffset: number;
	bits: number;
	pcm16: boolean;
}

/** Reads a WAV header from the first bytes; undefined while incomplete, null when not a WAV. */
export function readWavHeader(head: Buffer): WavInfo | undefined | null {
	if (head.length < 12) return undefined;
	if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') return null;
	let offset = 12;
	let fmt: { channels: number; rate: number; bits: number; format: number } | undefined;
	while (offset + 8 <= head.length) {
		const id = head.toString('latin1', offset, offset + 4);
		const size = head.readUInt32LE(offset + 4);
		if (id === 'data') {
			if (!fmt) return null;
			return {
				bytesPerMs: (fmt.rate * fmt.channels * (fmt.bits / 8)) / 1000,
				dataOffset: offset + 8,
				bits: fmt.bits,
				pcm16: fmt.format === 1 && fmt.bits === 16,
			};
		}
		if (id === 'fmt ') {
			if (offset + 8 + 16 > head.length) return undefined;
			fmt = {
				format: head.readUInt16LE(offset + 8),
				channels: head.readUInt16LE(offset + 10),
				rate: head.readUInt32LE(offset + 12),
				bits: head.readUInt16LE(offset + 22),
			};
		}
		offset += 8 + size + (size % 2);
	}
	return head.length > 1024 * 1024 ? null : undefined;
}

/** Sound or silence per 100 ms block of 16-bit PCM (first channel's level is enough here). */
export class Activity {
	private blocks: number[] = [];
	private sum = 0;
	private count = 0;
	private carry: Buffer | undefined;
	constructor(private readonly bytesPerBlock: number) {}

	add(data: Buffer): void {
		let buf = this.carry ? Buffer.concat([this.carry, data]) : data;
		const even = buf.length - (buf.length % 2);
		this.carry = even < buf.length ? buf.subarray(even) : undefined;
		buf = buf.subarray(0, even);
		for (let o = 0; o < buf.length; o += 2) {
			this.sum += Math.abs(buf.readInt16LE(o));
			this.count += 2;
			if (this.count >= this.bytesPerBlock) {
				this.blocks.push(this.sum / (this.count / 2));
				this.sum = 0;
				this.count = 0;
			}
		}
	}

	/** True when any 100 ms block within [startMs, endMs) holds sound; undefined when unknown. */
	soundIn(startMs: number, endMs: number): boolean {
		const first = Math.floor(startMs / 100);
		const last = Math.ceil(endMs / 100);
		let any = false;
		for (let i = first; i < last && i < this.blocks.length; i++) if (this.blocks[i] > 150) any = true;
		if (last > this.blocks.length && this.count > 0) any = any || this.sum / (this.count / 2) > 150;
		return any;
	}
}
