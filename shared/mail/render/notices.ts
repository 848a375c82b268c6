/** The one-off messages of a subscription: the double opt-in confirmation and its reminders. */
import { html } from '../../html.js';
import { buttonRow, footerRow, layout, link, textRow } from './html.js';
import type { RenderedMail } from './personal.js';

export function renderConfirmation(options: { email: string; confirmUrl: string }): RenderedMail {
  const subject = 'Xác nhận đăng ký nhận tin Bantin';
  const intro = `Ai đó (có lẽ là bạn) vừa đăng ký nhận tin Bantin cho địa chỉ ${options.email}. Bấm nút dưới đây để xác nhận; liên kết có hiệu lực trong 7 ngày.`;
  const ignore = 'Nếu bạn không đăng ký, hãy bỏ qua thư này: bạn sẽ không nhận thêm thư nào.';
  return {
    subject,
    html: layout({
      title: subject,
      preheader: 'Bấm để xác nhận đăng ký nhận tin Bantin',
      heading: 'Bantin',
      subheading: subject,
      rows: [
        textRow(intro),
        buttonRow('Xác nhận đăng ký', options.confirmUrl),
        textRow(html`Hoặc mở liên kết này: ${link(options.confirmUrl, options.confirmUrl)}`),
        footerRow(ignore),
      ],
    }),
    text: [subject, '', intro, '', `Xác nhận: ${options.confirmUrl}`, '', '--', ignore].join('\n'),
  };
}

/** Sent when someone subscribes an address that already is: the owner gets their links, nothing changes. */
export function renderAlreadySubscribed(options: {
  email: string;
  manageUrl: string;
  unsubscribeUrl: string;
}): RenderedMail {
  const subject = 'Bạn đã đăng ký nhận tin Bantin';
  const intro = `Ai đó (có lẽ là bạn) vừa đăng ký lại địa chỉ ${options.email}, địa chỉ này đã nhận tin Bantin. Không có gì thay đổi.`;
  const hint = 'Muốn đổi nguồn tin, chuyên mục, từ khóa hay giờ nhận thư, hãy dùng liên kết dưới đây.';
  return {
    subject,
    html: layout({
      title: subject,
      preheader: 'Địa chỉ của bạn đã đăng ký nhận tin Bantin',
      heading: 'Bantin',
      subheading: subject,
      rows: [
        textRow(html`${intro}<br><br>${hint}`),
        buttonRow('Đổi lựa chọn', options.manageUrl),
        footerRow(link('Hủy đăng ký', options.unsubscribeUrl, '#6b7280')),
      ],
    }),
    text: [
      subject,
      '',
      intro,
      hint,
      '',
      `Đổi lựa chọn: ${options.manageUrl}`,
      `Hủy đăng ký: ${options.unsubscribeUrl}`,
    ].join('\n'),
  };
}
