/**
 * `npm run demo`: build the package, start the Modulate emulator, make sure n8n 2.40.5 is installed
 * (once, with progress), run the call-center example in real n8n against the emulator with the three
 * sample calls, and print a short report per call. Exits 0 when the workflow ran.
 *
 *   npm run demo                 # n8n 2.40.5 (Node 24)
 *   npm run demo -- --n8n 1      # n8n 1.123.50 (Node 22)
 *   npm run demo -- --no-build
 */
import { spawnSync } from 'node:child_process';
import { startEmulator } from '../test/emulator';
import { N8N_1, N8N_2, REPO_ROOT, ensureInstalled } from '../test/e2e/lib/env';
import { N8nHome, nodeOutput, tail } from '../test/e2e/lib/n8n';
import { startSink } from '../test/e2e/lib/sink';
import { e2eCredentials, emulatorConfig } from '../test/e2e/lib/suite';
import { e2eCopy, loadExample } from '../test/e2e/lib/workflow';

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);
const say = (s: string) => process.stderr.write(`[demo] ${s}\n`);

function wrap(text: string, width: number, indent: string): string {
	const words = text.split(/\s+/);
	const lines: string[] = [];
	let line = '';
	for (const w of words) {
		if ((line + ' ' + w).trim().length > width) {
			lines.push(line.trim());
			line = w;
		} else line += ' ' + w;
	}
	if (line.trim()) lines.push(line.trim());
	return lines.map((l) => indent + l).join('\n');
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const target = args.includes('--n8n') && args[args.indexOf('--n8n') + 1] === '1' ? N8N_1 : N8N_2;

	if (!args.includes('--no-build')) {
		say('building the package (npm run build)');
		const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		if (b.status !== 0) return b.status ?? 1;
	}
	say(`making sure n8n ${target.version} is installed (the first time takes a few minutes)`);
	await ensureInstalled(target, (s) => process.stderr.write(s));

	const emu = await startEmulator({ config: emulatorConfig() });
	const sink = await startSink();
	const home = new N8nHome(target);
	say(`emulator on ${emu.url}; n8n ${target.version} home ${home.dir}`);
	try {
		const example = loadExample('call-center-pipeline.json');
		const wf = e2eCopy(example, { sinkUrl: sink.url });
		await home.importCredentials(e2eCredentials(emu.url));
		await home.importWorkflows([wf]);
		say(`running "${example.name}" in n8n ${target.version} (n8n execute)`);
		const run = await home.execute(wf.id);
		const err = run.data?.data?.resultData?.error;
		if (run.code !== 0 || !run.data || err) {
			console.error(`The workflow failed (exit ${run.code}): ${err?.message ?? ''} ${err?.description ?? ''}\n${tail(run.stdout + run.stderr)}`);
			return 1;
		}
		const calls = nodeOutput(run.data, 'Recordings').map((i) => i.json as { callId: string; file: string });
		const transcripts = nodeOutput(run.data, 'Transcribe');
		const redactions = nodeOutput(run.data, 'Redact PII/PHI');
		const verdicts = nodeOutput(run.data, 'Detect Synthetic Voice');
		const alerts = sink.posted('/slack');
		const crm = sink.posted('/hubspot').length + sink.posted('/salesforce').length;
		const archived = sink.posted('/storage');
		const apiCalls = emu.state.requests.filter((r) => r.surface === 'models');

		const out: string[] = [];
		out.push('');
		out.push(bold(`Modulate call-center pipeline in n8n ${target.version} (Node ${target.nodeVersion}), against the local Modulate emulator`));
		out.push(dim(`${calls.length} calls, ${apiCalls.length} Modulate API calls, n8n run ${(run.ms / 1000).toFixed(1)} s`));
		calls.forEach((call, i) => {
			const t = transcripts[i]?.json as { duration_ms: number; utterances: Array<{ speaker: number; emotion?: string; text: string }> };
			const r = redactions[i];
			const v = verdicts[i]?.json.summary as { verdict: string; maxSyntheticConfidence: number; syntheticSeconds: number };
			const speakers = new Set(t.utterances.map((u) => u.speaker)).size;
			out.push('');
			out.push(bold(`■ ${call.file}`) + `  ${(t.duration_ms / 1000).toFixed(1)} s, ${speakers} speakers`);
			out.push('  Transcript (excerpt):');
			for (const u of t.utterances.slice(0, 3)) {
				out.push(wrap(`Speaker ${u.speaker}${u.emotion ? ` (${u.emotion})` : ''}: ${u.text}`, 96, '    '));
			}
			if (t.utterances.length > 3) out.push(dim(`    … ${t.utterances.length - 3} more utterances`));
			const redactedText = (r.json.utterances as Array<{ text: string }>).map((u) => u.text).join(' ');
			out.push(`  Redactions: ${r.json.redactionCount} (redacted audio ${r.binary?.data?.fileName}, ${r.binary?.data?.fileSize ?? ''})`);
			out.push(dim(wrap(`redacted: ${redactedText.slice(0, 180)}${redactedText.length > 180 ? '…' : ''}`, 96, '    ')));
			out.push(`  Synthetic voice: ${bold(v.verdict)} (max confidence ${v.maxSyntheticConfidence}, ${v.syntheticSeconds} s synthetic)`);
			const alert = alerts.find((a) => JSON.stringify(a.json).includes(call.callId));
			if (alert) {
				const body = alert.json as Record<string, string>;
				const text = body.text ?? JSON.stringify(body);
				const channel = body['channelId.value'] ?? '#fraud-alerts';
				out.push(`  Alert → Slack ${channel}:`);
				out.push(wrap(text.replace(/\n/g, ' '), 96, '    '));
			} else out.push('  Alert: none');
		});
		out.push('');
		out.push(dim(`Also "sent": ${crm} CRM records (HubSpot notes + Salesforce tasks, redacted text only), ${archived.length} redacted MP3s archived.`));
		out.push(dim(`Nothing left this machine: Slack/HubSpot/Salesforce/storage were a local sink; Modulate was the local emulator.`));
		console.log(out.join('\n'));
		return 0;
	} finally {
		await home.dispose();
		await sink.close();
		await emu.close();
	}
}

main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(err);
		process.exit(1);
	},
);
