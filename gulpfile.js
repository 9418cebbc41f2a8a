// Copies node and credential icons next to the compiled files: n8n resolves `file:` icons relative to them.
const path = require('path');
const { task, src, dest } = require('gulp');

function copy(folder) {
	return new Promise((resolve, reject) => {
		src(path.resolve(folder, '**', '*.{png,svg}'), { encoding: false })
			.pipe(dest(path.resolve('dist', folder)))
			.on('finish', resolve)
			.on('error', reject);
	});
}

task('build:icons', () => Promise.all([copy('nodes'), copy('credentials')]));
