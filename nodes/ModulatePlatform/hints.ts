/** Hints n8n shows in the node's panel from its parameters, before anything runs. */
import type { NodeHint } from 'n8n-workflow';

const WAITS =
	'$parameter["operation"] === "waitForCompletion" || (["submit", "submitMultiFile"].includes($parameter["operation"]) && $parameter["waitForCompletion"] !== false)';

export const staticHints: NodeHint[] = [
	{
		// Waiting inside the run is the easy path; users with long jobs or big backlogs need to know the other.
		message:
			'This execution stays open until every job ends or its Wait Timeout passes. For long jobs or large backlogs, submit without waiting and collect the results with the Wait node loop (see the README).',
		type: 'info',
		location: 'ndv',
		whenToDisplay: 'beforeExecution',
		displayCondition: `={{ ${WAITS} }}`,
	},
];
