import type { Readable } from 'node:stream';
import { getArtifactStore } from '../../storage/runtime-store';
import type { TServiceContext } from '../context';
import { readVersion } from './read-version';

/**
 * A version's artifact for download, for those allowed to export it. The stream is checked
 * against the recorded SHA-256 as it is read and errors at the end if the bytes differ.
 */
export async function openArtifact(
  ctx: TServiceContext,
  ref: { name: string; version: number },
): Promise<{ stream: Readable; sha256: string; size: number; fileName: string }> {
  const version = await readVersion(ctx, ref, 'export');
  const store = await getArtifactStore();
  const extension = version.artifactFormat === 'onnx' ? 'onnx' : 'bin';
  return {
    stream: await store.open(version.artifactSha256),
    sha256: version.artifactSha256,
    size: version.artifactSize,
    fileName: `${version.modelName}-v${version.version}.${extension}`,
  };
}
