// The netbook kernel for JupyterLite: a thin relay between JupyterLite's
// kernel messages and the wasm Session running in a web worker. All
// outputs come from the Session already in Jupyter's shapes.

import type { KernelMessage } from '@jupyterlab/services';
import type { IKernel } from '@jupyterlite/services';
import { BaseKernel } from '@jupyterlite/services';

import { glueUrl, wasmUrl, workerUrl } from './assets';

type Output = { output_type: string; [key: string]: any };

export class NetbookKernel extends BaseKernel {
  constructor(options: IKernel.IOptions) {
    super(options);
    performance.mark('netbook-kernel-start');
    // An indirection, so the bundler ships the worker as the file it is.
    const createModuleWorker = (url: string): Worker =>
      new Worker(url, { type: 'module' });
    this._worker = createModuleWorker(workerUrl);
    this._worker.onmessage = ev => {
      const { id, result, error } = ev.data;
      const pending = this._pending.get(id);
      this._pending.delete(id);
      if (pending) {
        if (error !== undefined) {
          pending.reject(new Error(error));
        } else {
          pending.resolve(result);
        }
      }
    };
    // Shared memory exists only on cross-origin isolated pages; there the
    // worker waits in real time and an interrupt can reach a running cell.
    this._shared =
      typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated
        ? new SharedArrayBuffer(4)
        : null;
    this._ready = this._call('init', {
      glueUrl,
      wasmUrl,
      shared: this._shared
    }).then((info: { version: string }) => {
      this._version = info.version;
      performance.mark('netbook-kernel-ready');
    });
  }

  get ready(): Promise<void> {
    return this._ready;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._worker.terminate();
    super.dispose();
  }

  /** Sets the interrupt flag a waiting command checks (shared memory only). */
  interrupt(): void {
    if (this._shared) {
      const flag = new Int32Array(this._shared);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    }
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    return {
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'netbook',
      implementation_version: this._version,
      language_info: {
        name: 'netbook',
        version: this._version,
        mimetype: 'text/x-sh',
        file_extension: '.sh',
        pygments_lexer: 'bash',
        codemirror_mode: 'shell'
      },
      banner:
        'netbook (WebAssembly) — a simulated Linux network (namespaces, veth, bridges, routes, iptables, DNS, SSH tunnels), running in your browser.\nType `help` for the commands.',
      help_links: [
        { text: 'ip(8) — iproute2', url: 'https://man7.org/linux/man-pages/man8/ip.8.html' },
        { text: 'iptables(8)', url: 'https://man7.org/linux/man-pages/man8/iptables.8.html' }
      ]
    };
  }

  async executeRequest(
    content: KernelMessage.IExecuteRequestMsg['content']
  ): Promise<KernelMessage.IExecuteReplyMsg['content']> {
    const silent = !!content.silent;
    const reply = await this._call('execute', [
      content.code,
      silent,
      content.store_history ?? true
    ]);
    const count = this.executionCount;
    for (const out of reply.outputs as Output[]) {
      this._publish(out, count);
    }
    if (reply.status === 'error') {
      return {
        status: 'error',
        execution_count: count,
        ename: reply.ename,
        evalue: reply.evalue,
        traceback: reply.traceback
      } as any;
    }
    return { status: 'ok', execution_count: count, user_expressions: {} };
  }

  async completeRequest(
    content: KernelMessage.ICompleteRequestMsg['content']
  ): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    return this._call('complete', [content.code, content.cursor_pos]);
  }

  async inspectRequest(
    content: KernelMessage.IInspectRequestMsg['content']
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    return this._call('inspect', [content.code, content.cursor_pos]);
  }

  async isCompleteRequest(
    content: KernelMessage.IIsCompleteRequestMsg['content']
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    return this._call('isComplete', [content.code]);
  }

  async commInfoRequest(): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    return { status: 'ok', comms: {} };
  }

  inputReply(): void {
    // netbook never asks for input.
  }

  async commOpen(): Promise<void> {
    // netbook has no comms.
  }

  async commMsg(): Promise<void> {
    // netbook has no comms.
  }

  async commClose(): Promise<void> {
    // netbook has no comms.
  }

  /** One output in nbformat's shape, as the native kernel publishes it. */
  private _publish(out: Output, count: number): void {
    switch (out.output_type) {
      case 'stream':
        this.stream({ name: out.name, text: out.text });
        break;
      case 'display_data':
        this.displayData({ data: out.data, metadata: out.metadata, transient: {} });
        break;
      case 'execute_result':
        this.publishExecuteResult({
          data: out.data,
          metadata: out.metadata,
          execution_count: count
        });
        break;
      case 'clear_output':
        this.clearOutput({ wait: out.wait });
        break;
      case 'error':
        this.publishExecuteError({
          ename: out.ename,
          evalue: out.evalue,
          traceback: out.traceback
        });
        break;
    }
  }

  private _call(method: string, args: any): Promise<any> {
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject });
      this._worker.postMessage({ id, method, args });
    });
  }

  private _worker: Worker;
  private _shared: SharedArrayBuffer | null;
  private _ready: Promise<void>;
  private _nextId = 0;
  private _version = '';
  private _pending = new Map<
    number,
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();
}
