import type { IDataObject } from 'n8n-workflow';

export interface SyntheticFrame {
	start_time_ms: number;
	end_time_ms: number;
	verdict: 'synthetic' | 'non-synthetic' | 'no-content' | string;
	confidence: number | null;
}

/**
 * One verdict for the whole file, for an IF node: synthetic if any frame is, else non-synthetic if any
 * frame had speech, else no-content. The frames stay next to it for anyone who wants the detail.
 */
export function summarizeFrames(frames: SyntheticFrame[]): IDataObject {
	const synthetic = frames.filter((f) => f.verdict === 'synthetic');
	const speech = frames.filter((f) => f.verdict !== 'no-content');
	const syntheticMs = synthetic.reduce((sum, f) => sum + Math.max(0, f.end_time_ms - f.start_time_ms), 0);
	const confidences = synthetic.map((f) => f.confidence).filter((c): c is number => typeof c === 'number');
	return {
		verdict: synthetic.length ? 'synthetic' : speech.length ? 'non-synthetic' : 'no-content',
		maxSyntheticConfidence: confidences.length ? Math.max(...confidences) : 0,
		syntheticSeconds: Math.round(syntheticMs) / 1000,
		syntheticFrames: synthetic.length,
		totalFrames: frames.length,
	};
}
