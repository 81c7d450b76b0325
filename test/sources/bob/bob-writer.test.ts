import { bobWriterCases } from './bob-cases.js';
import { sqliteHarness } from './harness.js';

bobWriterCases(sqliteHarness());
