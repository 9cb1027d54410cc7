// Preloaded into the CLI process by the exit-code test (node --import): the first write to
// standard output throws a TypeError, standing in for a bug inside a command.
const write = process.stdout.write.bind(process.stdout);
let thrown = false;
process.stdout.write = (...args) => {
  if (!thrown) {
    thrown = true;
    throw new TypeError('simulated bug: stdout exploded');
  }
  return write(...args);
};
