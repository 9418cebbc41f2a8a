/** E2E on n8n 1.123.50 (Node 22): every case, the examples' import and credential tests. */
import { N8N_1 } from './lib/env';
import { defineSuite } from './lib/suite';

defineSuite(N8N_1);
