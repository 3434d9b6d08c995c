import { runConformance } from '@klarefi/conformance';
import { NextRequest } from 'next/server.js';
import { NextRequest as NextRequest14 } from 'next14/server.js';
import { nextDriver } from './driver.js';

runConformance(nextDriver('catch-all', NextRequest, '16'));
runConformance(nextDriver('route-files', NextRequest, '16'));
runConformance(nextDriver('catch-all', NextRequest14, '14'));
runConformance(nextDriver('route-files', NextRequest14, '14'));
