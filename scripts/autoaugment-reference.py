#!/usr/bin/python3
"""Writes test/fixtures/autoaugment-pil.json: what PIL does for each AutoAugment operation.

The CIFAR-10 AutoAugment policy of the GOLD-NAS reference implementation ([R],
sunsmarterjie/GOLD_NAS, cifar_search/auto_augment.py) calls these PIL functions on 8-bit images.
This script calls the same PIL functions, with the same arguments, on two small images (RGB and
grey, 7 rows x 8 columns, so the axes cannot be confused) and records the outputs; the tests of
src/data/autoAugment.ts compare gold-nas's typed-array operations with them.

Run with Debian's python3-pil (9.4.0 here): /usr/bin/python3 scripts/autoaugment-reference.py
"""
import json
import os

from PIL import Image, ImageEnhance, ImageFilter, ImageOps

H, W = 7, 8
FILL = (128, 128, 128)


def rgb_image():
    data = []
    for y in range(H):
        for x in range(W):
            data.append(((x * 37 + y * 11) % 256, (x * 5 + y * 53 + 40) % 256, (255 - x * 29 - y * 7) % 256))
    img = Image.new('RGB', (W, H))
    img.putdata(data)
    return img


def big_image():
    # 32x32 like CIFAR: equalize is the identity on images of fewer than 256 pixels, so it needs one this size.
    img = Image.new('RGB', (32, 32))
    img.putdata([((x * x + y * 7) % 200 + 20, (x * 13 + y * y) % 256, (x * y * 3 + 60) % 180) for y in range(32) for x in range(32)])
    return img


def grey_image():
    img = Image.new('L', (W, H))
    img.putdata([(x * 31 + y * 17 + 3) % 256 for y in range(H) for x in range(W)])
    return img


def fill_for(img):
    return FILL if img.mode == 'RGB' else 128


def shear_x(img, m):
    return img.transform(img.size, Image.AFFINE, (1, m, 0, 0, 1, 0), Image.BICUBIC, fillcolor=fill_for(img))


def shear_y(img, m):
    return img.transform(img.size, Image.AFFINE, (1, 0, 0, m, 1, 0), Image.BICUBIC, fillcolor=fill_for(img))


def translate_x(img, m):
    return img.transform(img.size, Image.AFFINE, (1, 0, m * img.size[0], 0, 1, 0), fillcolor=fill_for(img))


def translate_y(img, m):
    return img.transform(img.size, Image.AFFINE, (1, 0, 0, 0, 1, m * img.size[1]), fillcolor=fill_for(img))


def rotate(img, m):
    rot = img.convert('RGBA').rotate(m)
    return Image.composite(rot, Image.new('RGBA', rot.size, (128,) * 4), rot).convert(img.mode)


OPS = {
    'shearX': shear_x,
    'shearY': shear_y,
    'translateX': translate_x,
    'translateY': translate_y,
    'rotate': rotate,
    'color': lambda img, f: ImageEnhance.Color(img).enhance(f),
    'posterize': lambda img, bits: ImageOps.posterize(img, bits),
    'solarize': lambda img, t: ImageOps.solarize(img, t),
    'contrast': lambda img, f: ImageEnhance.Contrast(img).enhance(f),
    'sharpness': lambda img, f: ImageEnhance.Sharpness(img).enhance(f),
    'brightness': lambda img, f: ImageEnhance.Brightness(img).enhance(f),
    'autocontrast': lambda img, _: ImageOps.autocontrast(img),
    'equalize': lambda img, _: ImageOps.equalize(img),
    'invert': lambda img, _: ImageOps.invert(img),
}

# The argument each operation receives: the policy's magnitudes with both signs where [R] draws one
# (shear, translate as a fraction of the size, and the enhance factors 1 ± m), rotate positive only.
ARGS = {
    'shearX': [0.1, -0.2333333, 0.3],
    'shearY': [0.2666667, -0.1],
    'translateX': [0.453172, -0.151057, 0.40282],
    'translateY': [-0.453172, 0.151057],
    'rotate': [6.6666667, 30.0],
    'color': [1.3, 0.1, 1.9],
    'posterize': [8, 7, 5, 4],
    'solarize': [256, 199.11111, 113.77778, 28.444444, 0],
    'contrast': [1.6, 0.3, 1.9],
    'sharpness': [1.9, 0.1, 0.7],
    'brightness': [1.7, 0.4, 1.9],
    'autocontrast': [0],
    'equalize': [0],
    'invert': [0],
}


def pixels(img):
    return [list(p) if isinstance(p, tuple) else [p] for p in img.getdata()]


def main():
    images = {'rgb': rgb_image(), 'grey': grey_image(), 'flat': Image.new('RGB', (W, H), (90, 90, 90)), 'big': big_image()}
    only = {'flat': ('autocontrast', 'equalize', 'contrast'), 'big': ('equalize', 'autocontrast', 'sharpness', 'shearX', 'rotate', 'translateY')}
    cases = []
    for name, img in images.items():
        for op, args in ARGS.items():
            for arg in args[:1] if name == 'big' else args:
                if name in only and op not in only[name]:
                    continue
                cases.append({'image': name, 'op': op, 'arg': arg, 'output': pixels(OPS[op](img, arg))})
    out = {
        'generator': 'scripts/autoaugment-reference.py with PIL ' + Image.__version__,
        'images': {name: {'height': img.size[1], 'width': img.size[0], 'channels': len(img.getbands()), 'pixels': pixels(img)} for name, img in images.items()},
        'cases': cases,
    }
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'autoaugment-pil.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print(path, len(cases), 'cases')


if __name__ == '__main__':
    main()
