// Finds and launches a headless Chromium for end-to-end tests and the benchmark (electron/documents/chromium.ts).
export { CHROMIUM, launchChromium } from '../electron/documents/chromium.ts';
