/** The emitter's Handlebars templates (generator/templates/), compiled with the helpers of helpers.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { hbs } from './helpers.js';

const TEMPLATES = join(PACKAGE_ROOT, 'generator', 'templates');

hbs.registerPartial('header', readFileSync(join(TEMPLATES, 'partials', 'header.hbs'), 'utf8'));

export const template = (path: string) =>
  hbs.compile(readFileSync(join(TEMPLATES, path), 'utf8'), { noEscape: true, strict: true });
