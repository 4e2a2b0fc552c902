import { TranslateClient } from '@aws-sdk/client-translate';
import { AwsTranslator } from '../../shared/adapters/aws-translator.ts';
import { powertools } from './powertools.ts';

export const awsTranslator = () =>
  new AwsTranslator(powertools.tracer.captureAWSv3Client(new TranslateClient({})));
