import { badInputFile } from './bad-input-file.js';

// Wrong, missing, unknown and huge body fields, broken JSON, other content types and oversized bodies, on half of the operations.
badInputFile('bodies', ['body', 'raw-body'], 0, 2);
