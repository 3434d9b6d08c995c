// The function Google Cloud Functions (and `functions-framework --target=klarefi` locally) runs:
// an Express app is an HTTP function as it is.
import * as functions from '@google-cloud/functions-framework';
import { createApp } from './app.js';

functions.http('klarefi', createApp());
