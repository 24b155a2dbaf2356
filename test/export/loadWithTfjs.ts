/**
 * Loads an exported model as a user's page would: `@tensorflow/tfjs` alone, through its `http`
 * loader (model.json, then the weights file it names, relative to it). The files are served from
 * memory by the fetch function, so nothing of gold-nas is on this path.
 */
import * as tf from '@tensorflow/tfjs';

/** Serves `files` (name to body) at `https://models.test/<name>` and loads `model.json` from there. */
export async function loadServedModel(files: ReadonlyMap<string, string | Uint8Array>): Promise<tf.LayersModel> {
  const fetchFunc = async (input: RequestInfo | URL): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const name = url.replace('https://models.test/', '');
    const body = files.get(name);
    if (body === undefined) return new Response('not found', { status: 404 });
    const bytes = typeof body === 'string' ? body : body.slice().buffer;
    return new Response(bytes, { status: 200, headers: { 'content-type': typeof body === 'string' ? 'application/json' : 'application/octet-stream' } });
  };
  return tf.loadLayersModel('https://models.test/model.json', { fetchFunc });
}
