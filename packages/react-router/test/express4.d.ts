// Express 4 is installed as `express4` (an npm alias: @remix-run/express 2 wants express ^4.20,
// the React Router tests run on Express 5) and ships no types of its own. The Remix driver only
// creates an app, disables a setting and mounts one handler; Express 5's types describe those.
declare module 'express4' {
  import express from 'express';
  export default express;
}
