import { env } from '../env';
import { authorizeRegistration, registerVersion, ZVersionMetadataSchema, type TVersionDetail } from '../services/models';
import type { TServiceContext } from '../services/context';
import { parse } from './parse-input';
import { readUpload } from './read-upload';

/**
 * The one HTTP entry for registering a version, shared by REST v1 and the portal's upload:
 * the caller is authorized and the metadata validated before a byte of the artifact is read.
 */
export async function registerVersionFromRequest(ctx: TServiceContext, modelName: string, req: Request): Promise<TVersionDetail> {
  await authorizeRegistration(ctx, modelName);
  const settings = env();
  const upload = await readUpload(req, {
    maxArtifactBytes: settings.MODELGATE_MAX_ARTIFACT_BYTES,
    maxMetadataBytes: settings.MODELGATE_MAX_JSON_BYTES,
  });
  try {
    const metadata = parse(ZVersionMetadataSchema, upload.metadata, 'metadata');
    return await registerVersion(ctx, modelName, metadata, upload.artifact);
  } finally {
    // A refusal before the artifact was read: stop receiving it.
    if (!upload.artifact.readableEnded) upload.artifact.destroy();
  }
}
