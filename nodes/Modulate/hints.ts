/** Hints n8n shows in the node's panel from its parameters, before anything runs. */
import type { NodeHint } from 'n8n-workflow';

export const staticHints: NodeHint[] = [
	{
		// Real-time pacing is for testing live-call behaviour; on a recording it only makes the run slow.
		message:
			'Real Time pacing sends each recording at its own speed: a 10-minute call keeps this execution busy for 10 minutes. Use "As Fast as Possible" unless you are testing live-call behaviour.',
		type: 'info',
		location: 'ndv',
		whenToDisplay: 'always',
		displayCondition: '={{ $parameter["options"] !== undefined && $parameter["options"]["pacing"] === "realtime" }}',
	},
];
