/**
 * The real-browser check: Debian's Chromium driven by playwright-core against a started n8n editor.
 * Signs in, opens a new workflow, searches "Modulate" in the nodes panel, adds the node, opens each
 * resource's operations, executes Analyze Call in an imported workflow against the emulator, and saves
 * screenshots to test-output/screenshots/<n8n version>/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './env';
import type { RunningN8n } from './n8n';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'screenshots');

export interface BrowserCheckOptions {
	/** Node name → operation values, from the built package (to know what must render). */
	operations: Map<string, string[]>;
	/** Node name → the nodes panel's action labels (the operations' `action` texts). */
	actions: Map<string, string[]>;
	/** Node name → [resource value, resource display name]. */
	resources: Map<string, Array<[string, string]>>;
	/** `<node>.<resource>` → operation display names. */
	operationNames: Map<string, string[]>;
	log?: (s: string) => void;
	/** An imported workflow whose Analyze Call node is executed in the editor (its output is screenshotted). */
	analyzeCall?: { workflowId: string; nodeName: string };
}

/** The page's `<img>` as the callbacks below read it (they run in the browser; the harness has no DOM types). */
interface PageImage {
	src: string;
	naturalWidth: number;
	complete: boolean;
}

async function shot(page: Page, dir: string, name: string): Promise<string> {
	const file = path.join(dir, `${name}.png`);
	await page.screenshot({ path: file, fullPage: false });
	return file;
}

/** Closes whatever modal n8n opens on first visit (what's new, survey, …). */
async function dismissModals(page: Page): Promise<void> {
	for (let i = 0; i < 3; i++) {
		const close = page.locator('.el-dialog__headerbtn, [data-test-id="close-modal-button"], .el-message-box__headerbtn').first();
		if (await close.isVisible().catch(() => false)) await close.click().catch(() => undefined);
		else break;
		await page.waitForTimeout(200);
	}
}

export async function browserCheck(server: RunningN8n, opts: BrowserCheckOptions): Promise<string[]> {
	const log = opts.log ?? (() => undefined);
	const version = (await server.rest<{ data?: { versionCli?: string } }>('GET', '/settings')).body?.data?.versionCli ?? 'n8n';
	const dir = path.join(SCREENSHOT_DIR, `n8n-${version}`);
	mkdirSync(dir, { recursive: true });
	const shots: string[] = [];
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-quic',
			'--no-first-run',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
		const page = await context.newPage();
		// Generous: the editor loads slowly on a busy machine, and a timeout here says nothing about our nodes.
		page.setDefaultTimeout(90_000);
		const iconResponses: Array<{ url: string; status: number; type: string }> = [];
		page.on('response', (r) => {
			if (/modulate.*\.svg/i.test(r.url())) iconResponses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' });
		});

		// 1. Sign in as the owner the suite created.
		await page.goto(`${server.url}/signin`);
		const email = page.locator('input[name="emailOrLdapLoginId"], input[name="email"], input[type="email"]').first();
		await email.waitFor();
		await email.fill(server.owner.email);
		await page.locator('input[name="password"], input[type="password"]').first().fill(server.owner.password);
		await page.locator('[data-test-id="form-submit-button"], button[type="submit"]').first().click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });
		log('signed in');

		// 2. A new workflow.
		await page.goto(`${server.url}/workflow/new`);
		await page.locator('[data-test-id="canvas-wrapper"], #canvas, .vue-flow, [data-test-id="node-view-root"]').first().waitFor();
		await dismissModals(page);
		shots.push(await shot(page, dir, '01-new-workflow'));

		// 3. The nodes panel. A new workflow's first step is a trigger (our node is not one), so add a
		//    Manual Trigger first, as a user would, then open "What happens next?" and search "Modulate".
		await page.locator('[data-test-id="canvas-add-button"]').first().click();
		const search = page.locator('input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input').first();
		await search.waitFor();
		await search.fill('Manual');
		await page.locator('[data-test-id="item-iterator-item"]').filter({ hasText: 'Manual Trigger' }).first().waitFor();
		await page.keyboard.press('Enter');
		await page.waitForTimeout(800);
		await page.keyboard.press('Escape');
		await dismissModals(page);
		await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
		await search.waitFor();
		await search.fill('Modulate');
		const items = page.locator('[data-test-id="item-iterator-item"]');
		const nameOf = (label: string) =>
			items.filter({ has: page.locator('[data-test-id="node-creator-item-name"]').getByText(label, { exact: true }) }).first();
		await nameOf('Modulate').waitFor({ timeout: 15_000 }).catch(() => undefined);
		shots.push(await shot(page, dir, '02-nodes-panel-search-modulate'));
		const names = await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts();
		log(`nodes panel, search "Modulate": ${names.join(' | ')}`);
		assert.ok(names.includes('Modulate'), `"Modulate" is listed in the nodes panel (listed: ${names.join(' | ') || 'nothing'})`);
		if (opts.operations.has('modulatePlatform')) assert.ok(names.includes('Modulate Platform'), '"Modulate Platform" is listed in the nodes panel');

		// The icon: an <img> of our SVG, loaded (HTTP 200, an SVG, a non-zero size).
		const modulateItem = nameOf('Modulate');
		const icon = modulateItem.locator('img').first();
		await icon.waitFor();
		await page.waitForFunction((img) => (img as PageImage).complete, await icon.elementHandle(), { timeout: 10_000 });
		const iconInfo = await icon.evaluate((img: PageImage) => ({ src: img.src, w: img.naturalWidth, complete: img.complete }));
		log(`icon: ${JSON.stringify(iconInfo)}`);
		assert.match(iconInfo.src, /\/icons\/n8n-nodes-modulate\/.*modulate(\.dark)?\.svg$/, 'the node icon is our SVG');
		assert.ok(iconInfo.w > 0, `the icon loaded (naturalWidth ${iconInfo.w})`);
		assert.ok(iconResponses.some((r) => r.status === 200 && /svg/.test(r.type)), `the icon was served as SVG: ${JSON.stringify(iconResponses)}`);

		// 4. Click Modulate: its actions, grouped by resource, one per operation.
		await modulateItem.click();
		await page.locator('[data-test-id="node-creator-category-item"]').first().waitFor();
		await page.waitForTimeout(500);
		shots.push(await shot(page, dir, '03-modulate-actions'));
		const actionTexts = (await items.allInnerTexts()).map((t) => t.trim());
		log(`actions: ${actionTexts.join(' | ')}`);
		const expectedActions = opts.actions.get('modulate') ?? [];
		for (const a of expectedActions) assert.ok(actionTexts.some((t) => t.toLowerCase() === a.toLowerCase()), `the action "${a}" is offered`);

		// 5. Add the node (Transcribe), then open each resource's operation list in the node's panel.
		await items.filter({ hasText: expectedActions[0] ?? 'Transcribe' }).first().click();
		await page.locator('[data-test-id="ndv"]').first().waitFor();
		await page.locator('[data-test-id="parameter-input-resource"]').first().waitFor();
		await page.waitForTimeout(500);
		shots.push(await shot(page, dir, '04-modulate-node-added'));
		const dropdownItems = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
		const seenOps: string[] = [];
		const resources = opts.resources.get('modulate') ?? [];
		for (const [resource, label] of resources) {
			await page.locator('[data-test-id="parameter-input-resource"]').first().click();
			await dropdownItems.filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).first().click();
			await page.waitForTimeout(300);
			await page.locator('[data-test-id="parameter-input-operation"]').first().click();
			await dropdownItems.first().waitFor();
			await page.waitForTimeout(300);
			shots.push(await shot(page, dir, `05-operations-${resource}`));
			const opTexts = (await dropdownItems.allInnerTexts()).map((t) => t.split('\n')[0].trim()).filter((t) => t !== 'Custom API Call');
			log(`${label}: ${opTexts.join(' | ')}`);
			const expected = opts.operationNames.get(`modulate.${resource}`) ?? [];
			assert.deepEqual([...opTexts].sort(), [...expected].sort(), `the ${label} operations render`);
			seenOps.push(...opTexts);
			await page.keyboard.press('Escape');
			await page.waitForTimeout(200);
		}
		assert.equal(seenOps.length, (opts.operations.get('modulate') ?? []).length, 'every operation of the Modulate node rendered');
		await page.keyboard.press('Escape');

		// 6. The imported call-center example, for a picture of the whole pipeline.
		const wfs = await server.rest<{ data?: Array<{ id: string; name: string }> }>('GET', '/workflows');
		const example = wfs.body?.data?.find((w) => /call-center pipeline$/.test(w.name));
		if (example) {
			await page.goto(`${server.url}/workflow/${example.id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor();
			await page.waitForTimeout(1000);
			await dismissModals(page);
			shots.push(await shot(page, dir, '06-example-call-center-pipeline'));
		}

		// 7. Analyze Call executed in the editor against the emulator: its record in the output panel.
		if (opts.analyzeCall) {
			const { workflowId, nodeName } = opts.analyzeCall;
			await page.goto(`${server.url}/workflow/${workflowId}`);
			const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first();
			await canvasNode.waitFor();
			await dismissModals(page);
			await canvasNode.dblclick();
			await page.locator('[data-test-id="ndv"]').first().waitFor();
			await page.locator('[data-test-id="node-execute-button"]:visible').first().click();
			const output = page.locator('[data-test-id="ndv-output-panel"], [data-test-id="output-panel"]').first();
			await output.locator('[data-test-id="ndv-items-count"]').first().waitFor({ timeout: 120_000 });
			const mode = output.locator('[data-test-id="ndv-run-data-display-mode"]').first();
			if (await mode.isVisible().catch(() => false)) await mode.getByText('JSON', { exact: true }).first().click().catch(() => undefined);
			// The first keys of the first record; the JSON view renders only what is on screen.
			await output.getByText('durationSeconds').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
			await page.waitForTimeout(1000);
			shots.push(await shot(page, dir, '07-analyze-call-output'));
			const shown = await output.innerText();
			log(`Analyze Call output panel: ${shown.replace(/\s+/g, ' ').slice(0, 400)}`);
			for (const key of ['fileName', 'durationSeconds', 'speakerCount']) assert.ok(shown.includes(key), `the Analyze Call output shows "${key}"`);
			assert.match(shown, /3 items/, 'one record per call');
			assert.ok(!/John Smith/.test(shown), 'the output shows the redacted transcript');
		}
		return shots;
	} finally {
		await browser.close();
	}
}
