import { describe, expect, it } from 'vitest';
import { fileProblem, isSettled, pictureSources } from '../src/pages/image-variants';
import { importCounts, progressOf } from '../src/pages/job-progress';
import { uploadName } from '../src/pages/upload-name';
import { parseRoute } from '../src/router';
import { pollDelay } from '../src/ui/backoff';
import { percentSent } from '../src/ui/upload';

describe('polling, uploads and job progress', () => {
  it('polls soon at first, then less often, never beyond the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => pollDelay(n))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(pollDelay(2, { first: 100, max: 300 })).toBe(300);
  });

  it('stops polling images once none is processing', () => {
    const image = (status: 'processing' | 'ready' | 'failed') => ({ id: status, status, variants: [] });
    expect(isSettled([image('ready'), image('processing')])).toBe(false);
    expect(isSettled([image('ready'), image('failed')])).toBe(true);
    expect(isSettled([])).toBe(true);
  });

  it('shows upload progress in whole percent, 0 while the size is unknown', () => {
    expect(percentSent(0, 1000)).toBe(0);
    expect(percentSent(499, 1000)).toBe(49);
    expect(percentSent(1000, 1000)).toBe(100);
    expect(percentSent(1200, 1000)).toBe(100);
    expect(percentSent(10, 0)).toBe(0);
  });

  it('refuses what the API would refuse before asking for an upload URL', () => {
    expect(fileProblem({ type: 'image/gif', size: 10 })).toContain('JPEG, PNG or WebP');
    expect(fileProblem({ type: 'image/jpeg', size: 21 * 1024 * 1024 })).toBe('at most 20 MB');
    expect(fileProblem({ type: 'image/jpeg', size: 0 })).toBe('this file is empty');
    expect(fileProblem({ type: 'image/png', size: 10 })).toBeUndefined();
  });

  it('offers AVIF and WebP sources with the original format as the img fallback, by width', () => {
    const v = (format: 'jpeg' | 'webp' | 'avif', width: number) => ({
      format,
      width,
      height: width / 2,
      url: `https://cdn/${width}.${format}`,
      bytes: 1,
    });
    const { sources, fallback } = pictureSources([
      v('jpeg', 768),
      v('jpeg', 320),
      v('webp', 320),
      v('avif', 320),
    ]);
    expect(sources).toEqual([
      { type: 'image/avif', srcset: 'https://cdn/320.avif 320w' },
      { type: 'image/webp', srcset: 'https://cdn/320.webp 320w' },
    ]);
    expect(fallback).toEqual({
      srcset: 'https://cdn/320.jpeg 320w, https://cdn/768.jpeg 768w',
      src: 'https://cdn/320.jpeg',
    });
  });

  it('reports job progress as a percent only with a total, and 100 only when finished', () => {
    expect(progressOf({ status: 'running', progress: { done: 250, total: 1000, unit: 'rows' } })).toEqual({
      percent: 25,
      text: '250 of 1,000 rows',
    });
    expect(
      progressOf({ status: 'running', progress: { done: 1000, total: 1000, unit: 'rows' } }).percent,
    ).toBe(99);
    expect(
      progressOf({ status: 'succeeded', progress: { done: 1000, total: 1000, unit: 'rows' } }).percent,
    ).toBe(100);
    expect(progressOf({ status: 'running', progress: { done: 1200, unit: 'rows' } })).toEqual({
      percent: undefined,
      text: '1,200 rows so far',
    });
    expect(progressOf({ status: 'queued', progress: null }).percent).toBeUndefined();
    expect(importCounts({ read: 3, imported: 1, unchanged: 0, rejected: 2, report: 'x' })).toEqual([
      { label: 'Rows read', value: 3 },
      { label: 'Imported', value: 1 },
      { label: 'Unchanged', value: 0 },
      { label: 'Rejected', value: 2 },
    ]);
  });

  it('routes to a product’s images, the jobs and the sales pages', () => {
    expect(parseRoute('#/products/p1/images')).toEqual({ page: 'product-images', id: 'p1' });
    expect(parseRoute('#/jobs')).toEqual({ page: 'jobs' });
    expect(parseRoute('#/jobs/j1')).toEqual({ page: 'job', id: 'j1' });
    expect(parseRoute('#/sales')).toEqual({ page: 'sales' });
  });

  it('names an upload as the API allows, as close to the file’s own name as it can, extension kept', () => {
    expect(uploadName('catalog.csv')).toBe('catalog.csv');
    expect(uploadName('Katalog März (2).csv')).toBe('Katalog-Marz-2-.csv');
    expect(uploadName('日本.jsonl')).toBe('upload.jsonl');
    expect(uploadName('.hidden.csv')).toBe('hidden.csv');
    expect(uploadName('no extension')).toBe('no-extension');
    const long = uploadName(`${'x'.repeat(300)}.jsonl`);
    expect(long).toHaveLength(128);
    expect(long.endsWith('.jsonl')).toBe(true);
    for (const name of ['a b.csv', '../../etc/passwd', 'café.tsv', '-.csv', 'x'.repeat(500)])
      expect(uploadName(name)).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
  });
});
