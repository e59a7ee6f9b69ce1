import 'react';

declare module 'react' {
  interface HTMLAttributes<T> {
    /** Element Timing: the element's first paint gets a named entry in the performance
     * timeline (npm run bench:panel reads when the lookup's card is on screen). */
    elementtiming?: string;
  }
}
