import { TranslateClient } from '@aws-sdk/client-translate';
import { AwsTranslator } from '../../shared/adapters/aws-translator.ts';
import { PIPELINE_CLIENT_OPTIONS } from '../../shared/adapters/client-options.ts';
import { powertools } from './powertools.ts';

export const awsTranslator = () =>
  new AwsTranslator(
    powertools.tracer.captureAWSv3Client(new TranslateClient({ ...PIPELINE_CLIENT_OPTIONS })),
  );
