#!/usr/bin/env node
/** Entry point of the `cnn-designer` command. */
import { main } from "./main";

void Promise.resolve(main(process.argv.slice(2))).then((status) => (process.exitCode = status));
