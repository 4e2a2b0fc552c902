import { type TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import type { TranslateRequest, Translator } from '../ports.ts';

/** Amazon Translate's TranslateText, over the SDK. The local cloud serves the same API. */
export class AwsTranslator implements Translator {
  readonly name: string;

  private readonly client: TranslateClient;
  constructor(client: TranslateClient, name = 'amazon-translate') {
    this.client = client;
    this.name = name;
  }

  async translate(request: TranslateRequest): Promise<string> {
    const response = await this.client.send(
      new TranslateTextCommand({
        Text: request.text,
        SourceLanguageCode: request.source,
        TargetLanguageCode: request.target,
        ...(request.terminologyNames.length > 0 ? { TerminologyNames: [...request.terminologyNames] } : {}),
      }),
    );
    return response.TranslatedText ?? '';
  }
}
