// Runs axe-core (WCAG 2.0/2.1 A and AA tags) on one HTML file in headless Chromium, prints
// the violations and writes screenshots. Arguments: chromium, profile dir, html, output dir.
// Called by scripts/axe.sh, which installs axe-core and puppeteer-core.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [chromium, profile, html, outDir] = process.argv.slice(2);

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: profile,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      `--user-data-dir=${profile}`,
    ],
  });
  let failed = false;
  try {
    const page = await browser.newPage();
    // The edition must be self-contained: any request but the file itself is a failure.
    const external = [];
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('file:')) {
        req.continue();
      } else {
        external.push(req.url());
        req.abort();
      }
    });
    await page.setViewport({ width: 1200, height: 1000 });
    await page.goto('file://' + path.resolve(html), { waitUntil: 'load' });
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }));
    console.log(`axe-core ${result.testEngine.version}: ${result.passes.length} rules passed, ` +
      `${result.incomplete.length} need review, ${result.violations.length} violated`);
    for (const v of result.violations) {
      failed = true;
      console.log(`VIOLATION ${v.id} (${v.impact}): ${v.help} [${v.tags.join(' ')}]`);
      for (const n of v.nodes.slice(0, 5)) {
        console.log(`  ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`);
      }
      if (v.nodes.length > 5) console.log(`  … and ${v.nodes.length - 5} more`);
    }
    for (const i of result.incomplete) {
      // axe cannot decide these by itself (e.g. contrast where the background is unknown):
      // list why, grouped, so a person can judge them.
      const why = {};
      for (const n of i.nodes) {
        const m = (n.any[0] || n.all[0] || n.none[0] || {}).message || '?';
        why[m] = (why[m] || 0) + 1;
      }
      console.log(`review ${i.id}: ${i.help}`);
      for (const [m, c] of Object.entries(why)) console.log(`  ${c} × ${m}`);
    }
    if (external.length) {
      failed = true;
      console.log(`EXTERNAL REQUESTS: ${external.join(' ')}`);
    }
    // Screenshots: the top of the page and a few sections, at desktop and phone widths and
    // at 200% zoom (a 1200 px window zoomed to 200% lays out 600 CSS px at twice the scale).
    const views = [
      { name: '1200', width: 1200, scale: 1 },
      { name: '400', width: 400, scale: 1 },
      { name: 'zoom200', width: 600, scale: 2 },
    ];
    const sections = ['summary', 'list', 'plan-1', 'plan-2', 'plan-15'];
    for (const v of views) {
      await page.setViewport({ width: v.width, height: 1400, deviceScaleFactor: v.scale });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(outDir, `top-${v.name}.png`) });
      for (const id of sections) {
        const el = await page.$(`#${id}`);
        if (el) await el.screenshot({ path: path.join(outDir, `${id}-${v.name}.png`) });
      }
    }
    console.log(`screenshots: ${outDir}`);
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
