import { TranslateClient } from '@aws-sdk/client-translate';
import { AwsTranslator } from '../../shared/adapters/aws-translator.ts';

export const awsTranslator = () => new AwsTranslator(new TranslateClient({}));
