// Prism's core alone (prismjs's main file also bundles markup, CSS and JavaScript grammars).
declare module 'prismjs/components/prism-core' {
  import * as Prism from 'prismjs';
  export default Prism;
}
