#!/usr/bin/env node
/** Entry point of the `cnn-designer` command. */
import { main } from "./main";

process.exitCode = main(process.argv.slice(2));
