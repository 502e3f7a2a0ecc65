// Credit lines (regions.js): the cheap test that every credit line passes
// first must never turn one away.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCreditLine } from '../../extension/shared/regions.js';

test('credit and byline lines are told, whatever their case or leading space', () => {
  for (const line of [
    'Credit: Jane Doe/AP',
    '  Photo: Reuters',
    'PHOTOGRAPHS BY JOHN SMITH',
    'Photos courtesy of the city',
    'Image: Getty Images',
    'Illustration by Ana Ruiz',
    'Fotoilustración: Folha',
    'Foto: Agência Brasil',
    'By Jane Doe, Associated Press',
    '\tBy\u00a0María López',
    'by Élodie Martin',
  ]) assert.equal(isCreditLine(line), true, line);
});

test('prose, and credit words inside longer text, are not credit lines', () => {
  for (const line of [
    'The council voted on Tuesday to close the bridge.',
    'Photosynthesis slows in winter, researchers said.',
    'Imagery from the satellite shows the flood.',
    'Bystanders filmed the arrest.',
    'By the time the firefighters arrived, the roof had fallen in and the neighbours had left the street.',
    'Credit card fees rose for the third year running, and the regulator says it will look into why the banks did not warn customers.',
    '',
  ]) assert.equal(isCreditLine(line), false, line);
});
