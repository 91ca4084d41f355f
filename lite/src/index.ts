// Registers the `netbook` kernel with JupyterLite.

import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { IKernel } from '@jupyterlite/services';
import { IKernelSpecs } from '@jupyterlite/services';

import { logo32Url, logo64Url } from './assets';

const kernel: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlite-netbook:kernel',
  description: 'The netbook kernel (simulated Linux networking) in WebAssembly',
  autoStart: true,
  requires: [IKernelSpecs],
  activate: (app: JupyterFrontEnd, kernelspecs: IKernelSpecs) => {
    kernelspecs.register({
      spec: {
        name: 'netbook',
        display_name: 'Netbook (Linux networking)',
        language: 'netbook',
        argv: [],
        resources: {
          'logo-32x32': logo32Url,
          'logo-64x64': logo64Url
        }
      },
      create: async (options: IKernel.IOptions): Promise<IKernel> => {
        const { NetbookKernel } = await import('./kernel');
        return new NetbookKernel(options);
      }
    });
  }
};

export default [kernel];
