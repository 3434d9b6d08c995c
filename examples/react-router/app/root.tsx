import { Outlet, Scripts } from 'react-router';

// Every page of this example is a resource route answering the kit's HTML; the root renders only
// React Router's own 404 page.
export default function Root() {
  return (
    <html lang="en">
      <body>
        <Outlet />
        <Scripts />
      </body>
    </html>
  );
}
