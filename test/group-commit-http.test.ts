/**
 * Group commit over HTTP (src/kernel/group-commit.ts): requests read from their sockets in the
 * same turn of the event loop share one transaction, on SQLite too, where a command never waits
 * for the database and a batch opened at once would hold only the command that opened it.
 *
 * The server's event loop is held still while a client in a worker thread, its connections
 * already open, sends its requests, so that they are all waiting when the loop turns again.
 */
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createTokenFor } from '../src/modules/orgs/index.js';
import { DIALECTS } from './harness.js';
import { openUnit, type Unit } from './unit.js';

const REQUESTS = 8;

/**
 * Opens its connections first; told to go, writes every request at once (plain HTTP/1.1 on
 * sockets, so nothing is sent late), says so through `sent` once the system has them all, and
 * sends back the status of each answer.
 */
const CLIENT = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const { port, path, token, requests, sent } = workerData;
const sockets = Array.from({ length: requests }, () => net.connect(port, '127.0.0.1'));
Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r)))).then(() =>
  parentPort.postMessage('ready'),
);
parentPort.once('message', async () => {
  const statuses = await Promise.resolve(
    sockets.map((s, i) => {
      const body = JSON.stringify({ name: 'same turn ' + i, scopes: ['read'] });
      const answer = new Promise((resolve) => {
        let text = '';
        s.setEncoding('utf8');
        s.on('data', (d) => {
          text += d;
          const m = /^HTTP\\/1\\.1 (\\d+)/.exec(text);
          if (m) { s.destroy(); resolve(Number(m[1])); }
        });
      });
      const written = new Promise((r) => s.write(
        'POST ' + path + ' HTTP/1.1\\r\\nhost: 127.0.0.1\\r\\nauthorization: Bearer ' + token +
          '\\r\\ncontent-type: application/json\\r\\ncontent-length: ' + Buffer.byteLength(body) +
          '\\r\\n\\r\\n' + body,
        r,
      ));
      return { answer, written };
    }),
  ).then(async (all) => {
    // Every request handed to the system: the server, held still until now, may go on.
    await Promise.all(all.map((a) => a.written));
    Atomics.store(sent, 0, 1);
    Atomics.notify(sent, 0);
    return Promise.all(all.map((a) => a.answer));
  });
  parentPort.postMessage(statuses);
});
`;

/** Blocks this thread (its event loop included) for `ms`. */
const holdStill = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * PGlite runs in this process on one connection: a batch's open transaction holds back the other
 * requests' credential reads, so none can join it there. A real server is measured when named.
 */
const dialects = DIALECTS.filter((d) => d === 'sqlite' || process.env.AIMS_TEST_POSTGRES_URL);

describe.each(dialects)('group commit over HTTP on %s', (dialect) => {
  let u: Unit;
  beforeAll(async () => {
    u = await openUnit(dialect);
  });
  afterAll(async () => u?.close());

  it('requests that arrive together commit in one transaction, signed once', async () => {
    const { token } = await u.run(createTokenFor, {
      name: 'writer',
      scopes: ['write'],
      userId: u.members.owner.userId,
    });
    const app = await buildApp(u.services, { logLevel: 'silent' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    // The server's side of every connection, accepted before its loop is held still.
    let connections = 0;
    const accepted = new Promise<void>((resolve) =>
      app.server.on('connection', () => {
        if (++connections === REQUESTS) resolve();
      }),
    );
    const keys = u.services.keys;
    const { signHead, signHeadInPool } = keys;
    const signed: number[] = [];
    // Head rows are signed in the thread pool, checkpoints in line: both are counted.
    keys.signHead = (orgId, seq, hash, at) => {
      signed.push(seq);
      return signHead.call(keys, orgId, seq, hash, at);
    };
    keys.signHeadInPool = (orgId, seq, hash, at) => {
      signed.push(seq);
      return signHeadInPool.call(keys, orgId, seq, hash, at);
    };
    const seqBefore = await u.head();
    const { port } = app.server.address() as AddressInfo;
    const sent = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(CLIENT, {
      eval: true,
      workerData: {
        port,
        path: `/api/v1/orgs/${u.org.slug}/tokens`,
        token,
        requests: REQUESTS,
        sent,
      },
    });
    try {
      await new Promise((resolve) => worker.once('message', resolve));
      await accepted;
      const answered = new Promise<number[]>((resolve) => worker.once('message', resolve));
      worker.postMessage('go');
      // Held still until the client has written every request (however busy the machine), then
      // a little longer for them to cross the loopback.
      expect(Atomics.wait(sent, 0, 0, 30_000)).not.toBe('timed-out');
      holdStill(50);
      expect(await answered).toEqual(Array(REQUESTS).fill(201));
    } finally {
      keys.signHead = signHead;
      keys.signHeadInPool = signHeadInPool;
      await worker.terminate();
      await app.close();
    }
    expect(await u.head()).toBe(seqBefore + REQUESTS);
    // One signature per transaction (checkpoints aside): one command each would sign 8 times.
    // On SQLite the requests read in one turn share one transaction. On PostgreSQL a batch takes
    // the commands that reach it while it awaits the server, and each request first awaits its
    // own credential read, so how many join depends on the round trips' timing (2 to 4
    // transactions for the 8 in the runs seen): fewer transactions than requests is what holds.
    const heads = signed.filter((seq) => seq % 100 !== 0 || seq === seqBefore + REQUESTS);
    if (dialect === 'sqlite') expect(heads.length).toBeLessThanOrEqual(REQUESTS / 4);
    else expect(heads.length).toBeLessThan(REQUESTS);
    expect(await u.verify()).toEqual([]);
  });
});
