import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { acknowledgeFindings } from './nag.ts';
import { settingsFromContext } from './settings.ts';
import { ParagrafStack } from './stack.ts';

/** Builds the app; tests call this with their own context. */
export function buildApp(context: Record<string, unknown> = {}): { app: App; stack: ParagrafStack } {
  const app = new App({ context });
  const settings = settingsFromContext((key) => app.node.tryGetContext(key));
  const stack = new ParagrafStack(app, 'Paragraf', {
    settings,
    description: 'Paragraf: paragraph-aligned translations and summaries of news articles',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  acknowledgeFindings(stack, settings.inputPrefix, settings.correctionsPrefix);
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
