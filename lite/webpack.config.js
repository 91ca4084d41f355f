// The worker, the wasm-bindgen glue, the wasm and the logos are shipped as
// files, not parsed: the worker imports the glue at run time by URL.
module.exports = {
  module: {
    rules: [
      {
        test: /(\.worker|netbook_wasm)\.js$|\.wasm$|\.png$/,
        type: 'asset/resource',
        generator: { filename: 'netbook/[name].[contenthash][ext]' }
      }
    ]
  }
};
