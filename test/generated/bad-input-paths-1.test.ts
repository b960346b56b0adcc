import { badInputFile } from './bad-input-file.js';

// Malformed path ids, query values and If-Match headers, on half of the operations.
badInputFile('paths, queries, If-Match', ['path', 'query', 'if-match'], 0, 2);
