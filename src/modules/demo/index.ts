// The example organization (aims demo, the first-run option): its one public face.
export { seedExample } from './seed.js';
