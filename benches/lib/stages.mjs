// The stages of a page load that benches/pageload-stages.mjs compares, in
// the order a load passes them (content/entry.js, DITTO_STAGE): each is
// built into target/stages/NAME by build.sh, which runs this file for the
// list (one name per line); 'full' is the extension as built.
export const PARTIAL_STAGES = ['starter', 'evaluated', 'started'];

if (import.meta.filename === process.argv[1]) console.log(PARTIAL_STAGES.join('\n'));
