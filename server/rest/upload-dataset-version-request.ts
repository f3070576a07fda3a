import { env } from '../env';
import type { TServiceContext } from '../services/context';
import { uploadDatasetVersion, ZUploadMetadataSchema } from '../services/datasets';
import { parse } from './parse-input';
import { readUpload } from './read-upload';

/** The one HTTP entry for a dataset upload, shared by REST v1 and the portal: metadata ({ fileName }) first, then the streamed file. */
export async function uploadDatasetVersionFromRequest(ctx: TServiceContext, datasetId: string, req: Request) {
  const settings = env();
  const upload = await readUpload(req, { maxArtifactBytes: settings.MODELGATE_MAX_ARTIFACT_BYTES, maxMetadataBytes: settings.MODELGATE_MAX_JSON_BYTES });
  try {
    const { fileName } = parse(ZUploadMetadataSchema, upload.metadata, 'metadata');
    return await uploadDatasetVersion(ctx, datasetId, fileName, upload.artifact);
  } finally {
    if (!upload.artifact.readableEnded) upload.artifact.destroy();
  }
}
