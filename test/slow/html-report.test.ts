/**
 * The HTML report as a browser shows it: headless Chromium (Debian's, which .ci/run installs)
 * must draw the per-rule table and a ladder diagram for every failure.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BROKEN, reportTo } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';

describe('the HTML report, in headless Chromium', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    // Chromium comes from Debian; .ci/run installs it. Without it this check cannot run, and says so.
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) to check the HTML report`,
      );
    dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('renders the per-rule table and a ladder diagram for every failure', async () => {
    const r = await reportTo(dir, 'html', ...BROKEN);
    expect(r.status).to.equal(1);
    const failures = JSON.parse((await reportTo(dir, 'json', ...BROKEN)).text).stats.failures as number;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${join(dir, 'report.html')}`);
      expect(await page.locator('table.scorecard tr.FAIL').count()).to.be.greaterThan(0);
      const diagrams = await page.evaluate(() =>
        [...document.querySelectorAll('section.failure svg.ladder')].map((svg) => {
          const box = (svg as SVGGraphicsElement).getBBox();
          const arrows = [...svg.querySelectorAll('line.segment')].map(
            (l) => (l as SVGLineElement).getBoundingClientRect().width,
          );
          return {
            width: box.width,
            height: box.height,
            arrows,
            failure: svg.querySelector('text.failure')?.textContent ?? '',
          };
        }),
      );
      expect(diagrams.length).to.equal(failures);
      for (const d of diagrams) {
        expect(d.width).to.be.greaterThan(300);
        expect(d.height).to.be.greaterThan(60);
        expect(d.arrows.length).to.be.greaterThan(0);
        expect(Math.min(...d.arrows)).to.be.greaterThan(100);
        expect(d.failure).to.match(/^✗ /);
      }
      await page
        .locator('section.failure')
        .first()
        .screenshot({ path: join(process.env.TCPCONFORM_SCREENSHOT_DIR ?? dir, 'failure.png') });
    } finally {
      await browser.close();
    }
  });
});
