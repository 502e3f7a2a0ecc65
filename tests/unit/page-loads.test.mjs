// The page-load benches' reading of the main thread's CPU time
// (benches/lib/page-loads.mjs): which process is the page's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuMsBetween } from '../../benches/lib/page-loads.mjs';

const ms = (n) => n * 1e6;

test("the page's process is the one already running that ran longest; a spare started meanwhile is not it", () => {
  const before = new Map([[10, ms(100)], [11, ms(5)]]);
  // 11 took the page (60 ms); 12 is the spare the browser started meanwhile (45 ms of its own start).
  const after = new Map([[10, ms(102)], [11, ms(65)], [12, ms(45)]]);
  assert.equal(cpuMsBetween(before, after), 60);
});

test('a page whose process started during the load counts from zero when none ran before', () => {
  assert.equal(cpuMsBetween(new Map(), new Map([[7, ms(80)], [8, ms(3)]])), 80);
});

test('nothing read (no /proc) is null, not zero', () => {
  assert.equal(cpuMsBetween(new Map(), new Map()), null);
});
