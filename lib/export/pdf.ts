import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResolutionDocument } from '../schema/resolution-document';
import { resolutionToPrintHtml } from './pdf-layout';

/** How long one conversion may take before Chromium is killed. */
const TIMEOUT_MS = 30_000;

const MISSING_CHROMIUM =
  "PDF export needs Chromium on the server: install Debian's chromium package" +
  ' (or set CHROMIUM_PATH to its executable)';

/**
 * The Chromium executable: `CHROMIUM_PATH` if set (as in playwright.config.ts),
 * otherwise `chromium` on the PATH (Debian's package).
 */
function chromiumExecutable(): string {
  return process.env.CHROMIUM_PATH || 'chromium';
}

/** Flags for a one-shot, offline, headless print (Chromium ≥ 112's headless mode). */
function chromiumArgs(profileDir: string, pdfPath: string, htmlUrl: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profileDir}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdfPath}`,
    htmlUrl,
  ];
}

/** The last lines of Chromium's log that are not D-Bus noise, for the error message. */
function logTail(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/dbus|bus\.cc/i.test(line));
  return lines.slice(-5).join('\n');
}

/** Runs Chromium to completion, killing its whole process group after the timeout. */
function runChromium(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(chromiumExecutable(), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-16_384);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, TIMEOUT_MS);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new Error(
          error.code === 'ENOENT' || error.code === 'EACCES'
            ? `${MISSING_CHROMIUM}; "${chromiumExecutable()}" could not be run.`
            : `${MISSING_CHROMIUM}; starting "${chromiumExecutable()}" failed: ${error.message}`,
          { cause: error },
        ),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new Error(`PDF export: Chromium did not finish within ${TIMEOUT_MS / 1000} s.`));
      } else if (code !== 0) {
        const tail = logTail(stderr);
        reject(
          new Error(
            `PDF export: Chromium failed (${signal ? `signal ${signal}` : `exit code ${code}`})` +
              (tail ? `:\n${tail}` : '.'),
          ),
        );
      } else {
        resolve();
      }
    });
  });
}

/**
 * Writes the final draft as a PDF laid out as its DOCX: the page of
 * `resolutionToPrintHtml` (A4, Times; footnotes at the foot of the page of
 * their reference; the symbol and "n/N" on the pages after the first) printed
 * by headless Chromium, so the text is selectable and the fonts are embedded.
 * Needs Chromium on the server (`chromium`, or the executable in
 * `CHROMIUM_PATH`); the temporary files are always removed.
 */
export async function finalPdf(document: ResolutionDocument): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-pdf-'));
  try {
    const htmlPath = join(dir, 'resolution.html');
    const pdfPath = join(dir, 'resolution.pdf');
    await writeFile(htmlPath, resolutionToPrintHtml(document), 'utf8');
    await runChromium(chromiumArgs(join(dir, 'profile'), pdfPath, pathToFileURL(htmlPath).href));
    let pdf: Buffer;
    try {
      pdf = await readFile(pdfPath);
    } catch {
      throw new Error('PDF export: Chromium exited without writing the PDF.');
    }
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new Error('PDF export: Chromium wrote something that is not a PDF.');
    }
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
