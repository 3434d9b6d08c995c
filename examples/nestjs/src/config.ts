import { type ExampleConfig, exampleConfig } from '@klarefi/example-kit';
import { Global, Module } from '@nestjs/common';

/** The token of the example's configuration (what `ConfigService` is in a bigger app). */
export const EXAMPLE_CONFIG = 'EXAMPLE:CONFIG';

/** Provides the configuration read from the environment, with `klarefi dev`'s values as defaults. */
@Global()
@Module({
  providers: [{ provide: EXAMPLE_CONFIG, useFactory: (): ExampleConfig => exampleConfig() }],
  exports: [EXAMPLE_CONFIG],
})
export class ConfigModule {}
