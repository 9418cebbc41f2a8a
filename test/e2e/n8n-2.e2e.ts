/** E2E on n8n 2.40.5 (Node 24): every case, the examples' import, credential tests and the browser check. */
import { N8N_2 } from './lib/env';
import { defineSuite } from './lib/suite';

defineSuite(N8N_2);
