import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { openReportFile } from './test/report/report.commands.js';

/** Debian's Chromium; Playwright must never download a browser. */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'fp-ts/lib/Either.js'] },
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          // Generates the HTML report the report's browser test opens (Node-side, before the browser starts).
          globalSetup: ['test/report/report.globalSetup.ts'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            // The report test opens the generated report from disk and screenshots the whole page.
            commands: { openReportFile },
            instances: [{ browser: 'chromium' }],
            provider: playwright({
              launchOptions: {
                executablePath: chromium,
                args: [
                  '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
                ],
              },
            }),
          },
        },
      },
    ],
  },
});
