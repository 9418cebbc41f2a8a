/**
 * `npm run demo`: build the package, start the Modulate emulator, make sure n8n 2.40.5 is installed
 * (once, with progress), run the call-center example in real n8n against the emulator with the three
 * sample calls, and print each call's Analyze Call record and the Slack alert it raised. Exits 0 when
 * the workflow ran.
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

/** The record, one key a line, as a CRM or Slack node would see it; the transcript and speakers spread out. */
function recordLines(record: Record<string, unknown>): string[] {
	const lines: string[] = [];
	const width = Math.max(...Object.keys(record).map((k) => k.length));
	for (const [key, value] of Object.entries(record)) {
		const name = `  ${key.padEnd(width)} `;
		if (key === 'speakers' && Array.isArray(value)) {
			lines.push(`${name}`);
			for (const s of value as Array<Record<string, unknown>>) {
				lines.push(dim(`    ${s.label}: role ${s.role}, ${s.talkSeconds} s (share ${s.talkShare}), ${s.utterances} utterances, emotion ${s.dominantEmotion}`));
			}
		} else if (key === 'transcript' && typeof value === 'string') {
			lines.push(name);
			for (const line of value.split('\n')) lines.push(wrap(line, 96, '    '));
		} else if (typeof value === 'string' && value.length > 90) {
			lines.push(name);
			lines.push(wrap(value, 96, '    '));
		} else {
			lines.push(`${name}${JSON.stringify(value)}`);
		}
	}
	return lines;
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
		const records = nodeOutput(run.data, 'Analyze Call');
		const alerts = sink.posted('/slack');
		const notes = sink.posted('/hubspot').length;
		const apiCalls = emu.state.requests.filter((r) => r.surface === 'models');

		const out: string[] = [];
		out.push('');
		out.push(bold(`Modulate call-center pipeline in n8n ${target.version} (Node ${target.nodeVersion}), against the local Modulate emulator`));
		out.push(dim(`${records.length} calls, one Analyze Call record each; ${apiCalls.length} Modulate API calls, n8n run ${(run.ms / 1000).toFixed(1)} s`));
		for (const item of records) {
			const record = item.json as Record<string, unknown>;
			out.push('');
			out.push(bold(`■ ${String(record.fileName)}`) + dim(`  (redacted audio: ${item.binary?.data?.fileName ?? 'none'})`));
			out.push(...recordLines(record));
			const alert = alerts.find((a) => JSON.stringify(a.json).includes(String(record.fileName)));
			if (alert) {
				const body = alert.json as Record<string, string>;
				const channel = body['channelId.value'] ?? '#fraud-alerts';
				out.push(`  Alert → Slack ${channel}:`);
				out.push(wrap((body.text ?? JSON.stringify(body)).replace(/\n/g, ' ').slice(0, 400), 96, '    '));
			} else out.push(dim('  Alert: none'));
		}
		out.push('');
		out.push(dim(`Also "sent": ${notes} HubSpot call notes (redacted text only).`));
		out.push(dim(`Nothing left this machine: Slack and HubSpot were a local sink; Modulate was the local emulator.`));
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
