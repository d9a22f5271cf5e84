import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import WebSocket from 'ws';

/** One reading of a Node.js process's memory, MB (MiB), after a full garbage collection. */
export interface HeapSample {
  /** V8 heap in use after the collection (`process.memoryUsage().heapUsed`): the live JavaScript data. */
  readonly heapUsedMb: number;
  /** V8 heap reserved (`heapTotal`). */
  readonly heapTotalMb: number;
  /** Resident set size (`rss`). */
  readonly rssMb: number;
  /** Memory of C++ objects bound to JavaScript objects, Buffers included (`external`). */
  readonly externalMb: number;
  /** Of `external`: ArrayBuffers and Buffers (`arrayBuffers`). */
  readonly arrayBuffersMb: number;
  /** `v8.getHeapSpaceStatistics()`: space name → size in use after the collection, MB. */
  readonly spacesMb: Readonly<Record<string, number>>;
}

/** One allocation site of the sampling heap profiler: live bytes allocated there and not yet collected. */
export interface AllocationSite {
  readonly liveMb: number;
  readonly fn: string;
  readonly where: string;
}

const MB = 2 ** 20;
const round1 = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
/** Bound of one Chrome DevTools Protocol call (a heap snapshot of a 400 MB heap takes well under a minute). */
const CALL_TIMEOUT_MS = 120_000;

/**
 * The Node.js inspector of another process (started with `--inspect=127.0.0.1:<port>`), over the Chrome DevTools
 * Protocol (https://chromedevtools.github.io/devtools-protocol/v8/HeapProfiler/): forces a full GC and reads the heap
 * figures, writes heap snapshots, samples live allocations. For the benchmark's measurements only — the ingester
 * itself has no code for it, and production starts it without `--inspect`.
 */
export class HeapProbe {
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private chunkSink: ((chunk: string) => void) | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: { chunk?: string };
      };
      if (message.method === 'HeapProfiler.addHeapSnapshotChunk')
        this.chunkSink?.(message.params?.chunk ?? '');
      if (message.id === undefined) return;
      const call = this.calls.get(message.id);
      this.calls.delete(message.id);
      if (message.error) call?.reject(new Error(`inspector: ${message.error.message}`));
      else call?.resolve(message.result);
    });
    socket.on('close', () => {
      for (const call of this.calls.values()) call.reject(new Error('inspector connection closed'));
      this.calls.clear();
    });
  }

  /**
   * Connects to the first target of the inspector listening on `127.0.0.1:<port>` (`/json/list`).
   * @throws Error when no inspector answers within `timeoutMs`.
   */
  static async connect(port: number, timeoutMs = 15_000): Promise<HeapProbe> {
    const deadline = Date.now() + timeoutMs;
    let url: string | undefined;
    while (url === undefined) {
      try {
        const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
          webSocketDebuggerUrl: string;
        }[];
        url = targets[0]?.webSocketDebuggerUrl;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`no inspector on port ${port}: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * MB });
    await once(socket, 'open');
    return new HeapProbe(socket);
  }

  private call<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        reject(new Error(`inspector ${method}: no answer within ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.calls.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** A full garbage collection (`HeapProfiler.collectGarbage`), then the process's memory figures. */
  async sample(): Promise<HeapSample> {
    await this.call('HeapProfiler.collectGarbage');
    const { result } = await this.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression:
        "JSON.stringify({ m: process.memoryUsage(), s: require('node:v8').getHeapSpaceStatistics() })",
      includeCommandLineAPI: true,
      returnByValue: true,
    });
    const { m, s } = JSON.parse(result.value) as {
      m: NodeJS.MemoryUsage;
      s: { space_name: string; space_used_size: number }[];
    };
    return {
      heapUsedMb: round1(m.heapUsed),
      heapTotalMb: round1(m.heapTotal),
      rssMb: round1(m.rss),
      externalMb: round1(m.external),
      arrayBuffersMb: round1(m.arrayBuffers),
      spacesMb: Object.fromEntries(s.map((space) => [space.space_name, round1(space.space_used_size)])),
    };
  }

  /** Writes a heap snapshot (`.heapsnapshot`, readable by Chrome DevTools' Memory tab) to `file`. */
  async snapshot(file: string): Promise<void> {
    const out = createWriteStream(file);
    this.chunkSink = (chunk) => out.write(chunk);
    try {
      await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      this.chunkSink = undefined;
      out.end();
      await once(out, 'close');
    }
  }

  /** Starts the sampling heap profiler (one sample per `intervalBytes` allocated, on average). */
  async startSampling(intervalBytes = 64 * 1024): Promise<void> {
    await this.call('HeapProfiler.enable');
    await this.call('HeapProfiler.startSampling', { samplingInterval: intervalBytes });
  }

  /**
   * The allocation sites whose sampled objects are still alive (after a full GC), most bytes first: what holds the
   * heap, by the code that allocated it.
   */
  async liveAllocationSites(top = 15): Promise<AllocationSite[]> {
    await this.call('HeapProfiler.collectGarbage');
    interface Node {
      callFrame: { functionName: string; url: string; lineNumber: number };
      selfSize: number;
      children: Node[];
    }
    const { profile } = await this.call<{ profile: { head: Node } }>('HeapProfiler.getSamplingProfile');
    const sites = new Map<string, AllocationSite & { bytes: number }>();
    const walk = (node: Node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = `${url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}`;
      const key = `${functionName}@${where}`;
      const site = sites.get(key) ?? { fn: functionName || '(anonymous)', where, bytes: 0, liveMb: 0 };
      site.bytes += node.selfSize;
      sites.set(key, site);
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    return [...sites.values()]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, top)
      .map((s) => ({ fn: s.fn, where: s.where, liveMb: round1(s.bytes) }));
  }

  close(): void {
    this.socket.close();
  }
}
