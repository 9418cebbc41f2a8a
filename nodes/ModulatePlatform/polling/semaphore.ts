/** A counting semaphore on promises (no timers). */
export class Semaphore {
	private waiting: Array<() => void> = [];
	constructor(private free: number) {}

	async acquire(): Promise<void> {
		if (this.free > 0) {
			this.free--;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.free++;
	}
}
